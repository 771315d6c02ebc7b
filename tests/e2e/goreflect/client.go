// A reflection client on grpc-go, the stack grpcurl is built on: it learns
// the schema of TARGET from grpc.reflection.v1alpha (the version grpcurl
// asks for) as grpcurl does, builds its descriptors with protodesc, which
// refuses files that do not hang together, and calls by them. It prints
// one JSON object per line:
//
//	{"services": [...]}                       list
//	{"method": "...", "input": "...", ...}    describe SYMBOL
//	{"response": {...}}                       call METHOD JSON (unary)
//	{"responses": [{...}, ...]}               stream METHOD JSON
//
//	client TARGET list | describe SYMBOL | call METHOD JSON | stream METHOD JSON
package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"google.golang.org/grpc"
	rpb "google.golang.org/grpc/reflection/grpc_reflection_v1alpha"
	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protodesc"
	"google.golang.org/protobuf/reflect/protoreflect"
	"google.golang.org/protobuf/reflect/protoregistry"
	"google.golang.org/protobuf/types/descriptorpb"
	"google.golang.org/protobuf/types/dynamicpb"
)

// rawCodec sends and receives messages as the bytes they already are.
type rawCodec struct{}

func (rawCodec) Marshal(v interface{}) ([]byte, error) { return *(v.(*[]byte)), nil }
func (rawCodec) Unmarshal(data []byte, v interface{}) error {
	*(v.(*[]byte)) = append([]byte(nil), data...)
	return nil
}
func (rawCodec) Name() string { return "proto" }

type reflection struct {
	stream rpb.ServerReflection_ServerReflectionInfoClient
	files  map[string]*descriptorpb.FileDescriptorProto
}

func (r *reflection) ask(request *rpb.ServerReflectionRequest) *rpb.ServerReflectionResponse {
	if err := r.stream.Send(request); err != nil {
		fail("send: %v", err)
	}
	response, err := r.stream.Recv()
	if err != nil {
		fail("receive: %v", err)
	}
	if e := response.GetErrorResponse(); e != nil {
		fail("reflection error %d: %s", e.ErrorCode, e.ErrorMessage)
	}
	return response
}

// keep adds the files of an answer, and fetches each import not yet seen.
func (r *reflection) keep(response *rpb.ServerReflectionResponse) {
	for _, bytes := range response.GetFileDescriptorResponse().GetFileDescriptorProto() {
		file := &descriptorpb.FileDescriptorProto{}
		if err := proto.Unmarshal(bytes, file); err != nil {
			fail("a file descriptor that does not parse: %v", err)
		}
		if _, seen := r.files[file.GetName()]; seen {
			continue
		}
		r.files[file.GetName()] = file
		for _, dependency := range file.GetDependency() {
			if _, seen := r.files[dependency]; !seen {
				r.keep(r.ask(&rpb.ServerReflectionRequest{
					MessageRequest: &rpb.ServerReflectionRequest_FileByFilename{FileByFilename: dependency}}))
			}
		}
	}
}

// resolve is the schema the server gave for `symbol`, checked by protodesc.
func (r *reflection) resolve(symbol string) *protoregistry.Files {
	r.keep(r.ask(&rpb.ServerReflectionRequest{
		MessageRequest: &rpb.ServerReflectionRequest_FileContainingSymbol{FileContainingSymbol: symbol}}))
	set := &descriptorpb.FileDescriptorSet{}
	for _, file := range r.files {
		set.File = append(set.File, file)
	}
	files, err := protodesc.NewFiles(set)
	if err != nil {
		fail("the files the server sent do not hang together: %v", err)
	}
	return files
}

func method(files *protoregistry.Files, name string) protoreflect.MethodDescriptor {
	slash := strings.LastIndex(name, "/")
	found, err := files.FindDescriptorByName(protoreflect.FullName(name[:slash] + "." + name[slash+1:]))
	if err != nil {
		fail("no method %s: %v", name, err)
	}
	return found.(protoreflect.MethodDescriptor)
}

func request(m protoreflect.MethodDescriptor, text string) []byte {
	message := dynamicpb.NewMessage(m.Input())
	if err := protojson.Unmarshal([]byte(text), message); err != nil {
		fail("request: %v", err)
	}
	bytes, err := proto.Marshal(message)
	if err != nil {
		fail("request: %v", err)
	}
	return bytes
}

func shown(m protoreflect.MethodDescriptor, bytes []byte) json.RawMessage {
	message := dynamicpb.NewMessage(m.Output())
	if err := proto.Unmarshal(bytes, message); err != nil {
		fail("response: %v", err)
	}
	text, err := protojson.Marshal(message)
	if err != nil {
		fail("response: %v", err)
	}
	return text
}

func fail(format string, args ...interface{}) {
	fmt.Fprintf(os.Stderr, "goreflect: "+format+"\n", args...)
	os.Exit(1)
}

func main() {
	if len(os.Args) < 3 {
		fail("usage: client TARGET list | describe SYMBOL | call|stream METHOD JSON")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	conn, err := grpc.DialContext(ctx, os.Args[1], grpc.WithInsecure(), grpc.WithBlock())
	if err != nil {
		fail("dial: %v", err)
	}
	defer conn.Close()
	stream, err := rpb.NewServerReflectionClient(conn).ServerReflectionInfo(ctx)
	if err != nil {
		fail("reflection: %v", err)
	}
	r := &reflection{stream: stream, files: map[string]*descriptorpb.FileDescriptorProto{}}
	out := json.NewEncoder(os.Stdout)
	switch os.Args[2] {
	case "list":
		response := r.ask(&rpb.ServerReflectionRequest{
			MessageRequest: &rpb.ServerReflectionRequest_ListServices{ListServices: ""}})
		names := []string{}
		for _, service := range response.GetListServicesResponse().GetService() {
			names = append(names, service.GetName())
		}
		out.Encode(map[string]interface{}{"services": names})
	case "describe":
		files := r.resolve(os.Args[3])
		found, err := files.FindDescriptorByName(protoreflect.FullName(os.Args[3]))
		if err != nil {
			fail("no %s: %v", os.Args[3], err)
		}
		described := map[string]interface{}{"file": found.ParentFile().Path()}
		switch d := found.(type) {
		case protoreflect.ServiceDescriptor:
			methods := []string{}
			for i := 0; i < d.Methods().Len(); i++ {
				methods = append(methods, string(d.Methods().Get(i).Name()))
			}
			described["service"], described["methods"] = string(d.FullName()), methods
		case protoreflect.MethodDescriptor:
			described["method"] = string(d.FullName())
			described["input"], described["output"] = string(d.Input().FullName()), string(d.Output().FullName())
			described["server_streaming"] = d.IsStreamingServer()
		case protoreflect.MessageDescriptor:
			fields := []string{}
			for i := 0; i < d.Fields().Len(); i++ {
				fields = append(fields, string(d.Fields().Get(i).Name()))
			}
			described["message"], described["fields"] = string(d.FullName()), fields
		}
		out.Encode(described)
	case "call", "stream":
		m := method(r.resolve(os.Args[3][:strings.LastIndex(os.Args[3], "/")]), os.Args[3])
		path := "/" + os.Args[3]
		in := request(m, os.Args[4])
		if os.Args[2] == "call" {
			var reply []byte
			if err := conn.Invoke(ctx, path, &in, &reply, grpc.ForceCodec(rawCodec{})); err != nil {
				fail("call: %v", err)
			}
			out.Encode(map[string]interface{}{"response": shown(m, reply)})
			return
		}
		desc := &grpc.StreamDesc{ServerStreams: true}
		s, err := conn.NewStream(ctx, desc, path, grpc.ForceCodec(rawCodec{}))
		if err != nil {
			fail("stream: %v", err)
		}
		if err := s.SendMsg(&in); err != nil {
			fail("stream: %v", err)
		}
		s.CloseSend()
		responses := []json.RawMessage{}
		for {
			var reply []byte
			if err := s.RecvMsg(&reply); err == io.EOF {
				break
			} else if err != nil {
				fail("stream: %v", err)
			}
			responses = append(responses, shown(m, reply))
		}
		out.Encode(map[string]interface{}{"responses": responses})
	default:
		fail("unknown command %s", os.Args[2])
	}
}
