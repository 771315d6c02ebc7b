// The grpc-go test server: Debian's grpc-go with reflection (v1alpha, the
// only version it serves) on 127.0.0.1, serving inventory.v1.Inventory.
// Like demo-server it prints "listening on 127.0.0.1:PORT" once it
// accepts calls, and reports each finished stream on stderr.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log"
	"net"
	"os"

	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/reflection"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/types/known/durationpb"
	"google.golang.org/protobuf/types/known/timestamppb"

	commonv1 "rpccli.test/gogrpc/gen/common/v1"
	inventoryv1 "rpccli.test/gogrpc/gen/inventory/v1"
	"rpccli.test/gogrpc/gen/notes"
)

type inventory struct {
	inventoryv1.UnimplementedInventoryServer
}

// The one item the server knows. Its maps have enough entries that Go's
// randomised map order writes them differently from one call to the next.
func widget() *inventoryv1.Item {
	return &inventoryv1.Item{
		Sku:       "widget",
		Price:     &commonv1.Money{Currency: "EUR", Units: 12, Nanos: 500000000},
		Added:     &timestamppb.Timestamp{Seconds: 1700000000},
		ShelfLife: &durationpb.Duration{Seconds: 86400},
		StockByStore: map[string]int32{
			"berlin": 3, "oslo": 0, "paris": 12, "lima": 7,
			"austin": 1, "kyoto": 9, "cairo": 4, "dublin": 2,
		},
		NotesById: map[int64]string{
			10: "ten", -3: "minus three", 2: "two", 100: "hundred", 0: "zero",
		},
		// Numbers whose shortest forms have 8 and 16 digits, where
		// protobuf's printers write 9 and 17.
		WeightKg: 1234567.8,
		VolumeL:  0.7999999999999999,
		Note:     &notes.Note{Author: "ops", Text: "fragile"},
	}
}

func (inventory) GetItem(ctx context.Context, request *inventoryv1.GetItemRequest) (*inventoryv1.Item, error) {
	grpc.SetHeader(ctx, metadata.Pairs("server-stack", "grpc-go"))
	grpc.SetTrailer(ctx, metadata.Pairs("looked-up", request.Sku))
	if request.Sku == "widget" {
		return widget(), nil
	}
	failure := status.New(codes.NotFound, fmt.Sprintf("no item %q", request.Sku))
	failure, err := failure.WithDetails(
		&errdetails.ResourceInfo{ResourceType: "inventory.v1.Item", ResourceName: request.Sku,
			Description: "no such item"},
		&errdetails.BadRequest{FieldViolations: []*errdetails.BadRequest_FieldViolation{
			{Field: "sku", Description: "unknown SKU"}}})
	if err != nil {
		return nil, err
	}
	return nil, failure.Err()
}

func (inventory) ListItems(request *inventoryv1.ListItemsRequest, stream inventoryv1.Inventory_ListItemsServer) error {
	if request.Count < 0 {
		return status.Error(codes.InvalidArgument, "count must not be negative")
	}
	for i := int32(0); i < request.Count; i++ {
		item := &inventoryv1.Item{Sku: fmt.Sprintf("item-%d", i),
			Price: &commonv1.Money{Currency: "EUR", Units: int64(i)}, WeightKg: 1234567.8}
		if err := stream.Send(item); err != nil {
			return err
		}
	}
	log.Printf("ListItems: sent %d messages", request.Count)
	return nil
}

func (inventory) AddItems(stream inventoryv1.Inventory_AddItemsServer) error {
	summary := &inventoryv1.AddSummary{Total: &commonv1.Money{Currency: "EUR"}}
	for {
		item, err := stream.Recv()
		if err == io.EOF {
			log.Printf("AddItems: completed after %d messages", summary.Count)
			return stream.SendAndClose(summary)
		}
		if err != nil {
			return err
		}
		summary.Count++
		summary.Total.Units += item.GetPrice().GetUnits()
	}
}

func (inventory) Chat(stream inventoryv1.Inventory_ChatServer) error {
	received := 0
	for {
		note, err := stream.Recv()
		if err == io.EOF {
			log.Printf("Chat: completed after %d messages", received)
			return nil
		}
		if err != nil {
			return err
		}
		received++
		if err := stream.Send(note); err != nil {
			return err
		}
	}
}

func main() {
	port := flag.Int("port", 0, "port on 127.0.0.1; 0 picks a free one")
	flag.Parse()
	log.SetFlags(0)

	listener, err := net.Listen("tcp", fmt.Sprintf("127.0.0.1:%d", *port))
	if err != nil {
		log.Fatal(err)
	}
	server := grpc.NewServer()
	inventoryv1.RegisterInventoryServer(server, inventory{})
	reflection.Register(server)
	fmt.Fprintf(os.Stdout, "listening on %s\n", listener.Addr())
	if err := server.Serve(listener); err != nil {
		log.Fatal(err)
	}
}
